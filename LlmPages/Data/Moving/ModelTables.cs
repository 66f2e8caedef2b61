using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LlmPages.Data.Moving;

/// <summary>
/// One table of the model as the move copies it: its entity type and, for each column, the property it holds.
/// Read from the EF model, so a table added to the model is moved without touching the command.
/// </summary>
internal sealed record ModelTable(ITable Table, IEntityType EntityType, IReadOnlyList<(IColumn Column, IProperty Property)> Columns)
{
    public string Name => Table.Name;

    /// <summary>
    /// Every table of <paramref name="model"/>, each after the tables its foreign keys point to (a table that points to
    /// itself, such as Messages' tree, is copied in one statement, which PostgreSQL checks at its end).
    /// </summary>
    /// <exception cref="NotSupportedException">The model has a shape the move does not copy (said in words for whoever changed it).</exception>
    public static IReadOnlyList<ModelTable> InForeignKeyOrder(IModel model)
    {
        var tables = model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var ordered = new List<ITable>();
        var done = new HashSet<ITable>();
        while (ordered.Count < tables.Count)
        {
            var ready = tables.FirstOrDefault(t => !done.Contains(t)
                && t.ForeignKeyConstraints.All(fk => fk.PrincipalTable == t || done.Contains(fk.PrincipalTable)))
                ?? throw new NotSupportedException(
                    "The tables " + string.Join(", ", tables.Where(t => !done.Contains(t)).Select(t => t.Name))
                    + " point to each other through foreign keys, so the move cannot fill one before the other.");
            ordered.Add(ready);
            done.Add(ready);
        }
        return [.. ordered.Select(Describe)];
    }

    private static ModelTable Describe(ITable table)
    {
        if (table.EntityTypeMappings.Select(m => m.TypeBase).Distinct().ToList() is not [IEntityType entityType] || entityType.IsOwned())
        {
            throw new NotSupportedException($"The table {table.Name} holds more than one entity type; the move copies one entity type per table.");
        }
        var columns = table.Columns.Select(column =>
        {
            var property = column.PropertyMappings.Single().Property;
            if (property.IsShadowProperty())
            {
                throw new NotSupportedException($"{table.Name}.{column.Name} is a shadow property; the move copies the properties of entity classes.");
            }
            return (column, property);
        }).ToList();
        return new ModelTable(table, entityType, columns);
    }
}
