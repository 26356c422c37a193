"""Back up and restore the whole site: the database and the uploaded files, in one archive.

An archive is a ``.tar.gz`` holding ``manifest.json``, the database (``database.pgdump``,
pg_dump's custom format, or ``database.sqlite3``) and ``media/`` (everything under
MEDIA_ROOT). The manifest records, for every table, its row count and a SHA-256 of its
rows in a fixed order, read from the same snapshot as the dump, so that a restore can
prove it put back exactly what was saved. Encrypted columns travel as ciphertext: an
archive is unreadable without FIELD_ENCRYPTION_KEY, which is kept apart from it.

``manifest`` describes an archive, ``database`` and ``media`` read the state the
manifest records, ``postgres`` runs the PostgreSQL client programs, ``archive`` writes
and opens archives (``backup_create``, ``backup_open``) and ``restore`` puts one back
(``backup_restore``). The management commands ``backup_site`` and ``restore_site`` are
thin wrappers around these.
"""
