"""Passwords, tokens, the request's identity, and the permission rules."""
