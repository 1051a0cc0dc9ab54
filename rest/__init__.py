"""The legacy REST shim: Django REST Framework's routes, statuses and bodies."""
