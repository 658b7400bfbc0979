"""The SQL source: engines, one database's columns and connections, the query's statements,
the catalog's statements and bulk reads, for SQLite and PostgreSQL."""

from .catalog import SqlCatalog
from .database import Database
from .neighbours import SqlSource

__all__ = ["Database", "SqlCatalog", "SqlSource"]
