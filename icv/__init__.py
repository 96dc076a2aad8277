"""The domain of independent custody visiting: rules and computations, testable without HTTP."""
