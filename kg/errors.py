"""The one kind of error the command line reports as one line: every module's user-facing errors derive
from it, so that ``kg`` need not import every module to catch theirs."""


class UserError(Exception):
    """Something the user can mend (a bad input, option, rule file or folder): ``kg`` prints it on one line
    and exits with status 2."""
