using LlmPages.Data.Entities;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// The shape of a conversation's message tree, without the text: enough to find the branch shown, each message's
/// siblings ("2 of 3") and the newest leaf under any message.
/// </summary>
public sealed class MessageTree
{
    private readonly Dictionary<Guid, Node> nodes;
    private readonly ILookup<Guid?, Node> children;

    public MessageTree(IEnumerable<Node> all)
    {
        nodes = all.ToDictionary(n => n.Id);
        children = nodes.Values.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id).ToLookup(n => n.ParentId);
    }

    public sealed record Node(Guid Id, Guid? ParentId, MessageRole Role, DateTime CreatedAt);

    public int Count => nodes.Count;

    /// <summary>Whether any reply was ever started, in any branch.</summary>
    public bool HasReplies => nodes.Values.Any(n => n.Role == MessageRole.Assistant);

    public bool Contains(Guid id) => nodes.ContainsKey(id);

    public Node? Find(Guid id) => nodes.GetValueOrDefault(id);

    /// <summary>The messages from the root down to <paramref name="leafId"/>.</summary>
    public IReadOnlyList<Node> PathTo(Guid? leafId)
    {
        var path = new List<Node>();
        var current = leafId is { } id ? nodes.GetValueOrDefault(id) : null;
        while (current is not null && path.Count <= nodes.Count)
        {
            path.Add(current);
            current = current.ParentId is { } parent ? nodes.GetValueOrDefault(parent) : null;
        }
        path.Reverse();
        return path;
    }

    /// <summary>The branch to show: the saved one, or the newest message's when none is saved (or it is gone).</summary>
    public Guid? ShownLeaf(Guid? savedLeafId) =>
        savedLeafId is { } id && nodes.ContainsKey(id) ? id
        : nodes.Values.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).FirstOrDefault()?.Id;

    /// <summary>The message and its siblings (same parent), oldest first.</summary>
    public IReadOnlyList<Node> Siblings(Node node) => [.. children[node.ParentId]];

    /// <summary>
    /// The place among its versions of a message about to be added under <paramref name="parentId"/> (null: the
    /// root): after every child already there, as it is the newest.
    /// </summary>
    public Versions NewChildVersions(Guid? parentId)
    {
        var existing = children[parentId];
        var count = existing.Count();
        return count == 0 ? Versions.Single : new Versions(count + 1, count + 1, existing.Last().Id, null);
    }

    /// <summary>The newest child of a message with this role (a question's latest reply), if any.</summary>
    public Guid? NewestChild(Guid id, MessageRole role) => children[id].LastOrDefault(n => n.Role == role)?.Id;

    /// <summary>Going down from a message, always to its newest child, until a leaf.</summary>
    public Guid NewestLeafUnder(Guid id)
    {
        var current = id;
        for (var depth = 0; depth <= nodes.Count; depth++)
        {
            var next = children[current].LastOrDefault();
            if (next is null)
            {
                break;
            }
            current = next.Id;
        }
        return current;
    }
}
