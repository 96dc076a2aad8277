"""The Flask extensions, created once and bound to each app in `create_app`."""

from flask_jwt_extended import JWTManager
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate

from api.framework.openapi import Api
from icv.common.database import db

migrate = Migrate()
jwt = JWTManager()
limiter = Limiter(key_func=get_remote_address)
api = Api()

__all__ = ["api", "db", "jwt", "limiter", "migrate"]
