using Microsoft.Data.Sqlite;

namespace IessBot.Storage.Embedded;

/// <summary>
/// The embedded database file (<c>&lt;DataDirectory&gt;/iessbot.db</c>) in WAL mode. Keeps its own small pool of
/// open connections, each with its commands prepared once and reused, because conversation state is read and
/// written on every turn. Writes go through one in-process gate: SQLite allows one writer at a time anyway,
/// and waiting on the gate is cheaper than SQLite's sleep-and-retry on a busy database.
/// </summary>
internal sealed class SqliteDatabase : IStorageProbe, IDisposable
{
    public const string FileName = "iessbot.db";
    private const int MaxIdleConnections = 16;

    private readonly Stack<PooledConnection> _idle = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private bool _disposed;

    public SqliteDatabase(string dataDirectory, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        FilePath = Path.Combine(dataDirectory, FileName);
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // This class pools connections itself, together with their prepared commands.
            Pooling = false,
        }.ToString();
        using var connection = Rent();
        SqliteSchema.Migrate(connection.Connection, time);
    }

    public string FilePath { get; }
    public string ConnectionString { get; }

    public PooledConnection Rent()
    {
        lock (_idle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var pooled))
            {
                return pooled;
            }
        }
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using (var pragmas = connection.CreateCommand())
        {
            // journal_mode persists in the file; synchronous and busy_timeout are per connection.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;";
            pragmas.ExecuteNonQuery();
        }
        return new PooledConnection(this, connection);
    }

    /// <summary>Holds the single-writer gate until disposed.</summary>
    public async ValueTask<WriteGate> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new WriteGate(_writeGate);
    }

    public StorageProvider Provider => StorageProvider.Embedded;

    /// <summary>A trivial query on the schema, for the health check.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var connection = Rent();
        var command = connection.Command("SELECT MAX(version) FROM schema_version");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long;
    }

    /// <summary>Closes the idle connections (tests use it to reach the file on disk).</summary>
    public void CloseIdleConnections()
    {
        PooledConnection[] idle;
        lock (_idle)
        {
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var pooled in idle)
        {
            pooled.Close();
        }
    }

    public void Dispose()
    {
        lock (_idle)
        {
            _disposed = true;
        }
        CloseIdleConnections();
    }

    internal void Return(PooledConnection pooled)
    {
        lock (_idle)
        {
            if (!_disposed && _idle.Count < MaxIdleConnections)
            {
                _idle.Push(pooled);
                return;
            }
        }
        pooled.Close();
    }

    public readonly struct WriteGate(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}

/// <summary>An open connection lent by <see cref="SqliteDatabase"/>; disposing it gives it back.</summary>
internal sealed class PooledConnection(SqliteDatabase owner, SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public SqliteConnection Connection { get; } = connection;

    /// <summary>
    /// The command for <paramref name="sql"/> on this connection, created and prepared on first use. Parameters are
    /// named in the SQL (<c>$name</c>) and set by the caller through <c>Parameters["$name"]</c> on every use.
    /// </summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in SqliteSchema.ParameterNames(sql))
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }
            command.Prepare();
            _commands.Add(sql, command);
        }
        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => owner.Return(this);

    internal void Close()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }
        _commands.Clear();
        Connection.Dispose();
    }
}
