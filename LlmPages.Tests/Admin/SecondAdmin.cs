using System.Data.Common;
using LlmPages.Data;
using LlmPages.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Admin;

/// <summary>
/// A second admin who acts at the worst moment: after a page has loaded and checked a record, just before the
/// page's change to it reaches the database. Hooked into EF as an interceptor, it runs its action on its own
/// connection (before the page's transaction takes SQLite's write lock, or PostgreSQL's row locks), once.
/// </summary>
internal sealed class SecondAdmin : SaveChangesInterceptor
{
    private readonly Lock gate = new();
    private Func<DbContext, bool>? when;
    private Func<Task>? action;

    public SecondAdmin() => TransactionHook = new Transactions(this);

    /// <summary>The same hook where a transaction starts: ModelAdmin opens its own before it saves.</summary>
    public DbTransactionInterceptor TransactionHook { get; }

    /// <summary>Next time the app is about to write <typeparamref name="TEntity"/> <paramref name="id"/> in <paramref name="state"/>, runs <paramref name="act"/> first.</summary>
    public void Before<TEntity>(int id, EntityState state, Func<Task> act)
        where TEntity : class =>
        Before<TEntity>(e => e.State == state && Equals(e.Property("Id").CurrentValue, id), act);

    /// <summary>Next time the app is about to add a <typeparamref name="TEntity"/> that <paramref name="match"/> picks, runs <paramref name="act"/> first.</summary>
    public void BeforeAdding<TEntity>(Func<TEntity, bool> match, Func<Task> act)
        where TEntity : class =>
        Before<TEntity>(e => e.State == EntityState.Added && match(e.Entity), act);

    private void Before<TEntity>(Func<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<TEntity>, bool> match, Func<Task> act)
        where TEntity : class
    {
        lock (gate)
        {
            when = context => context.ChangeTracker.Entries<TEntity>().Any(match);
            action = act;
        }
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ActIfDueAsync(eventData.Context);
        return result;
    }

    private async Task ActIfDueAsync(DbContext? context)
    {
        Func<Task>? due = null;
        lock (gate)
        {
            if (context is not null && when is not null && when(context))
            {
                due = action;
                when = null;
                action = null;
            }
        }
        if (due is not null)
        {
            await due();
        }
    }

    private sealed class Transactions(SecondAdmin admin) : DbTransactionInterceptor
    {
        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
        {
            await admin.ActIfDueAsync(eventData.Context);
            return result;
        }
    }
}

/// <summary>The app with a <see cref="SecondAdmin"/> waiting in its data layer.</summary>
public sealed class SecondAdminAppFactory : AppFactory
{
    internal SecondAdmin SecondAdmin { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The app adds every interceptor registered as a service to its context, on either engine.
        builder.ConfigureServices(services => services
            .AddSingleton<IInterceptor>(SecondAdmin)
            .AddSingleton<IInterceptor>(SecondAdmin.TransactionHook));
    }
}
