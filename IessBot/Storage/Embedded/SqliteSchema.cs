using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The embedded schema, grown by numbered migrations. Each migration is idempotent DDL (<c>IF NOT EXISTS</c>) and is
/// recorded in <c>schema_version</c>; a start applies the missing ones in one transaction. Append new migrations
/// at the end (e.g. the notifications outbox); never edit one that has shipped.
/// </summary>
internal static partial class SqliteSchema
{
    private static readonly (int Version, string Description, string Sql)[] Migrations =
    [
        (1, "conversation state and cases",
            """
            CREATE TABLE IF NOT EXISTS conversation_state (
                key_hash BLOB PRIMARY KEY,
                etag TEXT NOT NULL,
                document BLOB NOT NULL
            );
            CREATE TABLE IF NOT EXISTS cases (
                case_number TEXT PRIMARY KEY,
                filing_id TEXT NOT NULL,
                type TEXT NOT NULL,
                category TEXT NOT NULL,
                status TEXT NOT NULL,
                province_code TEXT NOT NULL,
                channel TEXT NOT NULL,
                filed_at TEXT NOT NULL,
                cedula_index BLOB NOT NULL,
                document BLOB NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_cases_cedula_index ON cases (cedula_index);
            CREATE INDEX IF NOT EXISTS ix_cases_type_status_filed_at ON cases (type, status, filed_at);
            """),
        (2, "notifications outbox",
            """
            CREATE TABLE IF NOT EXISTS outbox (
                id TEXT PRIMARY KEY,
                channel TEXT NOT NULL,
                case_number TEXT,
                payload BLOB NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL,
                next_attempt_at TEXT NOT NULL,
                claimed_until TEXT,
                claim_token TEXT,
                sent_at TEXT,
                last_error TEXT
            );
            CREATE INDEX IF NOT EXISTS ix_outbox_due ON outbox (state, next_attempt_at);
            CREATE INDEX IF NOT EXISTS ix_outbox_case_number ON outbox (case_number);
            """),
        (3, "whatsapp inbox, processed message ids, outbound delivery state, last inbound per citizen",
            """
            CREATE TABLE IF NOT EXISTS whatsapp_inbox (
                sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                entry_key BLOB NOT NULL,
                received_at TEXT NOT NULL,
                payload BLOB NOT NULL,
                processed_at TEXT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_whatsapp_inbox_pending ON whatsapp_inbox (sequence) WHERE processed_at IS NULL;
            CREATE TABLE IF NOT EXISTS whatsapp_messages (
                wamid TEXT PRIMARY KEY,
                processed_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS whatsapp_outbound (
                wamid TEXT PRIMARY KEY,
                status INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                error_code TEXT NULL
            );
            CREATE TABLE IF NOT EXISTS whatsapp_contacts (
                user_hash BLOB PRIMARY KEY,
                last_inbound_at TEXT NOT NULL
            );
            """),
        (4, "direct line conversations, activity logs and uploads",
            """
            CREATE TABLE IF NOT EXISTS directline_conversations (
                conversation_id TEXT PRIMARY KEY,
                user_id BLOB,
                last_watermark INTEGER NOT NULL,
                last_timestamp TEXT,
                expires_at INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_directline_conversations_expires_at ON directline_conversations (expires_at);
            CREATE TABLE IF NOT EXISTS directline_activities (
                conversation_id TEXT NOT NULL,
                watermark INTEGER NOT NULL,
                document BLOB NOT NULL,
                PRIMARY KEY (conversation_id, watermark)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS directline_uploads (
                upload_id TEXT PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                evidence_id TEXT,
                content_type TEXT NOT NULL,
                length INTEGER NOT NULL,
                too_large INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_directline_uploads_conversation_id ON directline_uploads (conversation_id);
            """),
        // ADD COLUMN has no IF NOT EXISTS: this runs once because it commits in the same IMMEDIATE transaction as its
        // schema_version row (a second process starting at the same time waits, then sees version 5 applied). Rows filed
        // before it get their progress from CaseWorkflow.Start on the first workflow read (due_at IS NULL). The ix_cases_list_*
        // indexes each hold every column the staff list filters on, led by what a query narrows first (SqliteCaseListFilter
        // picks one), so counting and paging never read the wide rows.
        (5, "case workflow: progress columns, encrypted timeline, staff list indexes",
            """
            ALTER TABLE cases ADD COLUMN team TEXT;
            ALTER TABLE cases ADD COLUMN assignee_id TEXT;
            ALTER TABLE cases ADD COLUMN assignee_name TEXT;
            ALTER TABLE cases ADD COLUMN due_at TEXT;
            ALTER TABLE cases ADD COLUMN at_risk_at TEXT;
            ALTER TABLE cases ADD COLUMN paused_since TEXT;
            ALTER TABLE cases ADD COLUMN first_response_at TEXT;
            ALTER TABLE cases ADD COLUMN resolved_at TEXT;
            ALTER TABLE cases ADD COLUMN closed_at TEXT;
            ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE IF NOT EXISTS case_events (
                case_number TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                document BLOB NOT NULL,
                PRIMARY KEY (case_number, sequence)
            ) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_cases_progress_pending ON cases (case_number) WHERE due_at IS NULL;
            CREATE INDEX IF NOT EXISTS ix_cases_list_due ON cases (due_at, case_number, team, type, status, category, province_code, filed_at, at_risk_at, assignee_id);
            CREATE INDEX IF NOT EXISTS ix_cases_list_team ON cases (team, due_at, case_number, type, status, category, province_code, filed_at, at_risk_at, assignee_id);
            CREATE INDEX IF NOT EXISTS ix_cases_list_status ON cases (status, due_at, case_number, team, type, category, province_code, filed_at, at_risk_at, assignee_id);
            CREATE INDEX IF NOT EXISTS ix_cases_statistics ON cases (filed_at, team, type, category, province_code, status, first_response_at, resolved_at);
            CREATE INDEX IF NOT EXISTS ix_cases_list_province ON cases (province_code, filed_at, team, type, status, category, due_at, case_number, at_risk_at, assignee_id);
            """),
        (6, "staff accounts and the audit trail",
            """
            CREATE TABLE IF NOT EXISTS staff_accounts (
                user_name TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                roles TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                failed_attempts INTEGER NOT NULL,
                locked_until TEXT,
                created_at TEXT NOT NULL
            );
            CREATE TABLE IF NOT EXISTS audit_trail (
                sequence INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                action TEXT NOT NULL,
                case_number TEXT,
                detail TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_audit_trail_case_number ON audit_trail (case_number, sequence) WHERE case_number IS NOT NULL;
            """),
        // Every Direct Line turn appends its echo and replies. Clustered by conversation (WITHOUT ROWID), rows of a few
        // hundred bytes and up spilled into overflow pages and each append dirtied pages all over the tree; in rowid order
        // the appends of a batch fill the same last pages and only the small index entry lands elsewhere. The position is
        // read from the last activity instead of being rewritten with every append (benchmark figures in README.md).
        (7, "direct line activities in append order; position from the log itself",
            """
            CREATE TABLE directline_activities_v7 (
                sequence INTEGER PRIMARY KEY,
                conversation_id TEXT NOT NULL,
                watermark INTEGER NOT NULL,
                document BLOB NOT NULL
            );
            INSERT INTO directline_activities_v7 (conversation_id, watermark, document)
                SELECT conversation_id, watermark, document FROM directline_activities ORDER BY conversation_id, watermark;
            DROP TABLE directline_activities;
            ALTER TABLE directline_activities_v7 RENAME TO directline_activities;
            CREATE UNIQUE INDEX ux_directline_activities_position ON directline_activities (conversation_id, watermark);
            ALTER TABLE directline_conversations DROP COLUMN last_watermark;
            ALTER TABLE directline_conversations DROP COLUMN last_timestamp;
            """),
    ];

    public static int LatestVersion => Migrations[^1].Version;

    public static void Migrate(SqliteConnection connection, TimeProvider time)
    {
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS schema_version (
                    version INTEGER PRIMARY KEY,
                    description TEXT NOT NULL,
                    applied_at TEXT NOT NULL
                );
                """;
            setup.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        var current = CurrentVersion(connection, transaction);
        foreach (var (version, description, sql) in Migrations.Where(m => m.Version > current))
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
            command.CommandText = "INSERT INTO schema_version (version, description, applied_at) VALUES ($version, $description, $at)";
            command.Parameters.AddWithValue("$version", version);
            command.Parameters.AddWithValue("$description", description);
            command.Parameters.AddWithValue("$at", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IEnumerable<string> ParameterNames(string sql) =>
        ParameterPattern().Matches(sql).Select(m => m.Value).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"\$[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex ParameterPattern();
}
