"""The annual statistics for the Police and Crime Panel and the printable report (HTML with SVG
charts, CSV).
"""
