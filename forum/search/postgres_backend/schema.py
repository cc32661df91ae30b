"""The backend's tables, created by the backend itself on first use (not by a migration).

Why not models and an Alembic migration: these tables are derived data, like the Whoosh
index directory. The database's posts are the source of truth and `rebuild()` makes the
documents again from them; what a row holds follows the analysis (forum_french, the Arabic
normalisation of forum.search.analysis), which changes with the code and not with the
forum's schema, and is versioned here (VERSION, in search_pg_meta: `is_stale()`), as the
Whoosh generations are. A migration would tie an analysis change to a schema revision, put
PostgreSQL-only DDL (a text search configuration, extensions, GIN indexes) in a history
that SQLite installations also run, and make `flask db check` compare tables no model
declares. The DDL is idempotent (IF NOT EXISTS, under an advisory lock), so every process
may run it; dropping the tables loses nothing that `flask search reindex` cannot remake.

    search_pg_documents  one row per live post (doc_id = its id) or other record
                         ("card-5", source = "card"): the filters' columns, `tsv` (title
                         weight A, body weight B, forum_french) and `words` (the surface
                         words, for spelling)
    search_pg_terms      lexeme -> documents holding it (the idf of the ranking)
    search_pg_words      surface word -> documents holding it, trigram-indexed (GiST: did you mean)
    search_pg_meta       version, documents (the document count, for the idf)
"""

from sqlalchemy import text

from ..analysis import ANALYSIS_VERSION

SCHEMA_VERSION = 1
# A different value in search_pg_meta means the documents were made by another analysis.
VERSION = f"pg{SCHEMA_VERSION}.{ANALYSIS_VERSION}"
CONFIG = "forum_french"
DOCUMENTS, TERMS, WORDS, META = "search_pg_documents", "search_pg_terms", "search_pg_words", "search_pg_meta"
TABLES = (DOCUMENTS, TERMS, WORDS, META)
# pg_advisory_xact_lock keys: the DDL, and the single writer (apply_changes, rebuild).
DDL_LOCK, WRITER_LOCK = 0x5EA4C401, 0x5EA4C402

_DDL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
        CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION {CONFIG}
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
      END IF;
    END $$""",
    f"CREATE TABLE IF NOT EXISTS {META} (key text PRIMARY KEY, value text NOT NULL)",
    f"""CREATE TABLE IF NOT EXISTS {DOCUMENTS} (
      doc_id text PRIMARY KEY,
      source text NOT NULL DEFAULT '',
      record_id bigint NOT NULL,
      thread_id bigint NOT NULL,
      board_id integer,
      tag_ids integer[] NOT NULL DEFAULT '{{}}',
      author_id integer,
      kind text NOT NULL DEFAULT '',
      need_status text NOT NULL DEFAULT '',
      solved boolean NOT NULL DEFAULT false,
      locked boolean NOT NULL DEFAULT false,
      is_first boolean NOT NULL DEFAULT false,
      created timestamp NOT NULL,
      tsv tsvector NOT NULL,
      words tsvector NOT NULL
    )""",
    f"CREATE INDEX IF NOT EXISTS {DOCUMENTS}_tsv ON {DOCUMENTS} USING gin (tsv)",
    f"CREATE INDEX IF NOT EXISTS {DOCUMENTS}_tags ON {DOCUMENTS} USING gin (tag_ids)",
    f"CREATE INDEX IF NOT EXISTS {DOCUMENTS}_thread ON {DOCUMENTS} (thread_id)",
    # Other records (a few hundred cards beside 100,000 posts): their search starts from them,
    # not from every post holding the words.
    f"CREATE INDEX IF NOT EXISTS {DOCUMENTS}_records ON {DOCUMENTS} (source) WHERE source <> ''",
    f"CREATE INDEX IF NOT EXISTS {DOCUMENTS}_created ON {DOCUMENTS} (created)",
    f"CREATE TABLE IF NOT EXISTS {TERMS} (lexeme text PRIMARY KEY, ndoc integer NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {WORDS} (word text PRIMARY KEY, ndoc integer NOT NULL)",
    # GiST, not GIN: the nearest words by trigram distance (ORDER BY word <-> :typed LIMIT n)
    # come straight from the index, where a % filter over GIN was planned as a scan.
    f"CREATE INDEX IF NOT EXISTS {WORDS}_trgm ON {WORDS} USING gist (word gist_trgm_ops)",
]


def exists(conn) -> bool:
    return conn.execute(text("SELECT to_regclass(:name) IS NOT NULL"), {"name": META}).scalar()


def create(conn) -> None:
    """Every table, index and the text search configuration, if missing (any process may run it)."""
    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": DDL_LOCK})
    for statement in _DDL:
        conn.execute(text(statement))
    conn.execute(text(f"INSERT INTO {META} (key, value) VALUES ('version', :version), ('documents', '0') "
                      "ON CONFLICT (key) DO NOTHING"), {"version": VERSION})


def drop(conn) -> None:
    """The tables (the tests start a session without them; a rebuild remakes the rows)."""
    conn.execute(text(f"DROP TABLE IF EXISTS {', '.join(TABLES)}"))
