"""Cases are not in the Django admin.

Administrators hold configuration, not casework, and the admin's pages are
outside the access audit; cases are read and changed only through the case pages, where
visibility rules apply and each view is recorded.
"""
