"""Single sign-on with a council's or trust's OpenID Connect provider (docs/deployment.md)."""
