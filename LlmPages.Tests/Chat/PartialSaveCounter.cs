using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LlmPages.Tests.Chat;

/// <summary>
/// Counts the app's partial-save transactions, registered as an EF <see cref="IInterceptor"/> in the test host (the
/// app adds every one to its context, on either engine). The partial save (<c>ReplyStore.SavePartialAsync</c>) begins
/// its transaction through EF but writes with its own prepared ADO.NET command, which EF's command interceptors never
/// see: it is the app's only transaction in which EF runs no command, and that is how it is told apart from every
/// other (a final save, a sign-in, a new chat).
/// </summary>
public sealed class PartialSaveCounter : IDbTransactionInterceptor, IDbCommandInterceptor
{
    // EF commands run so far in each open transaction (Npgsql reuses a connection's transaction object: by reference).
    private readonly ConcurrentDictionary<DbTransaction, int> open = new(ReferenceEqualityComparer.Instance);

    private int committed;

    /// <summary>Partial-save transactions committed so far.</summary>
    public int Committed => Volatile.Read(ref committed);

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        open[result] = 0;
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        open[result] = 0;
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction, committed: true);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction, committed: true);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(transaction, committed: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(transaction, committed: false);
        return Task.CompletedTask;
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Ran(command);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Ran(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Ran(command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Ran(command);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Ran(command);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Ran(command);
        return ValueTask.FromResult(result);
    }

    private void Ran(DbCommand command)
    {
        // A transaction is used by one caller at a time: its count needs no compare-and-swap.
        if (command.Transaction is { } transaction && open.TryGetValue(transaction, out var commands))
        {
            open[transaction] = commands + 1;
        }
    }

    private void Ended(DbTransaction transaction, bool committed)
    {
        if (open.TryRemove(transaction, out var commands) && commands == 0 && committed)
        {
            Interlocked.Increment(ref this.committed);
        }
    }
}
