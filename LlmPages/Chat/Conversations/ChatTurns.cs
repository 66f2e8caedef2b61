using LlmPages.Chat;
using LlmPages.Chat.Streaming;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Prompts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// A chat turn: save the person's message and an empty reply marked streaming, then start the generation that
/// writes it. Sending, regenerating and editing are all turns; they differ only in where the new messages hang
/// in the tree. Callers have already checked that the conversation belongs to the person.
/// </summary>
public sealed class ChatTurns(
    AppDbContext db, GenerationHub hub, ChatClientCache clients, PromptBuilder prompts, ChatSearchIndex search, IOptions<ChatLimits> limits,
    PromptVariables variables, TokenQuota quota, SharedReplyLimits shared, Instances.InstanceIdentity instance, TurnQueries queries,
    TimeProvider time)
{
    /// <summary>
    /// A new chat for its first message, named after its first words, filed in <paramref name="projectId"/> (which the
    /// caller has checked is the owner's). It is saved together with its first turn (<see cref="SendAsync"/>), or not at
    /// all when the turn is refused.
    /// </summary>
    public Conversation NewConversation(string ownerId, string firstMessage, Guid? projectId = null)
    {
        var conversation = new Conversation { OwnerId = ownerId, Title = ConversationTitles.FromFirstMessage(firstMessage), ProjectId = projectId };
        db.Conversations.Add(conversation);
        return conversation;
    }

    /// <summary>
    /// Sends a new message at the end of the branch shown. The same composer form posted again (a reload of the
    /// no-JS page it returned) shows the turn it started instead of sending the message twice.
    /// </summary>
    /// <param name="clientMessageId">The id the composer chose for the message.</param>
    public async Task<TurnResult> SendAsync(Conversation conversation, string text, Guid? clientMessageId, CancellationToken cancellationToken)
    {
        var isNewChat = db.Entry(conversation).State == EntityState.Added;
        // A chat being created with this turn has no messages yet: no need to ask.
        var tree = isNewChat
            ? new MessageTree([])
            : await queries.TreeAsync(db, conversation.Id, cancellationToken);
        // The same form posted again: its message is already in this chat's tree (no query of its own).
        if (clientMessageId is { } sent && tree.Find(sent) is { Role: MessageRole.User } asked)
        {
            return new TurnResult(asked.Id, tree.NewestChild(asked.Id, MessageRole.Assistant), null) { Repeated = true };
        }
        if (ValidateText(text) is { } error)
        {
            return TurnResult.Refused(error);
        }
        var parent = tree.ShownLeaf(conversation.ActiveLeafId);
        var userMessage = new Message
        {
            // The composer's id unless a message of this chat has it; any other chat's is asked once the model is (below).
            Id = clientMessageId is { } chosen && !tree.Contains(chosen) ? chosen : Guid.CreateVersion7(),
            ConversationId = conversation.Id,
            ParentId = parent,
            Role = MessageRole.User,
            Content = text,
            CreatedAt = Now(),
        };
        return await StartReplyAsync(conversation, tree, userMessage, isNewUserMessage: true, cancellationToken, idFromClient: userMessage.Id == clientMessageId);
    }

    /// <summary>Writes a new version of a reply, kept beside the earlier ones.</summary>
    public async Task<TurnResult> RegenerateAsync(Conversation conversation, Guid replyId, CancellationToken cancellationToken)
    {
        var reply = await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == replyId && m.ConversationId == conversation.Id && m.Role == MessageRole.Assistant, cancellationToken);
        if (reply?.ParentId is not { } parentId)
        {
            return TurnResult.NotFound;
        }
        var question = await db.Messages.FirstAsync(m => m.Id == parentId, cancellationToken);
        var tree = await queries.TreeAsync(db, conversation.Id, cancellationToken);
        return await StartReplyAsync(conversation, tree, question, isNewUserMessage: false, cancellationToken);
    }

    /// <summary>Sends an edited copy of one of the person's messages; the original and its replies stay as a branch.</summary>
    public async Task<TurnResult> EditAsync(Conversation conversation, Guid messageId, string text, CancellationToken cancellationToken)
    {
        var original = await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.Id == messageId && m.ConversationId == conversation.Id && m.Role == MessageRole.User, cancellationToken);
        if (original is null)
        {
            return TurnResult.NotFound;
        }
        if (ValidateText(text) is { } error)
        {
            return TurnResult.Refused(error);
        }
        var tree = await queries.TreeAsync(db, conversation.Id, cancellationToken);
        var edited = new Message
        {
            ConversationId = conversation.Id,
            ParentId = original.ParentId,
            Role = MessageRole.User,
            Content = text,
            CreatedAt = Now(),
        };
        return await StartReplyAsync(conversation, tree, edited, isNewUserMessage: true, cancellationToken);
    }

    public string? ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Write a message first.";
        }
        var max = limits.Value.MaxMessageLength;
        return text.Length > max
            ? $"Your message is {text.Length:N0} characters long; the most allowed is {max:N0}. Shorten it, or send it in parts."
            : null;
    }

    /// <param name="idFromClient">The question's id is the one the composer chose, not yet known to be unused elsewhere.</param>
    private async Task<TurnResult> StartReplyAsync(
        Conversation conversation, MessageTree tree, Message question, bool isNewUserMessage, CancellationToken cancellationToken,
        bool idFromClient = false)
    {
        // The model, its provider and what the turn needs of its owner, in one round trip.
        var found = conversation.ModelId is { } modelId ? await queries.ModelAsync(db, modelId, conversation.OwnerId, cancellationToken) : null;
        var model = found?.Model;
        if (model is not null)
        {
            model.Provider = found!.Provider;
        }
        if (model is null || !model.IsActive || !model.Provider.IsActive)
        {
            return TurnResult.Refused(model is null
                ? "Choose a model for this chat in its settings first."
                : $"The model “{model.DisplayName}” is no longer available. Choose another one in the chat settings.");
        }

        var maxTokens = Math.Min(conversation.MaxTokens ?? model.MaxOutputTokens, model.MaxOutputTokens > 0 ? model.MaxOutputTokens : int.MaxValue);
        var history = await HistoryAsync(tree, question, cancellationToken);
        // The chat keeps the prompt as written; the model gets it with its variables filled in for this send.
        var systemPrompt = variables.Fill(conversation.SystemPrompt, found!.OwnerName ?? "", model.DisplayName);
        var prompt = prompts.Build(systemPrompt, history, model.ContextWindow, maxTokens > 0 ? maxTokens : 0);
        if (prompt.Error is { } tooLong)
        {
            return TurnResult.Refused(tooLong);
        }

        // Built before anything is saved: a client that cannot be built (an unreadable key) must not leave a reply
        // marked streaming that nothing writes.
        IChatClient client;
        try
        {
            client = clients.GetClient(model.Provider, model);
        }
        catch (ProviderException e)
        {
            return TurnResult.Refused(e.Error.Message);
        }
        var reply = new Message
        {
            ConversationId = conversation.Id,
            ParentId = question.Id,
            Role = MessageRole.Assistant,
            Status = MessageStatus.Streaming,
            InstanceId = instance.Id, // the instance writing it; another marks it interrupted if this one dies
            ModelId = model.Id,
            ModelName = model.DisplayName,
            ContextMessagesOmitted = prompt.Omitted,
            CreatedAt = Now().AddTicks(TimeSpan.TicksPerMicrosecond), // after its question, even within one clock tick (times are kept to the microsecond)
        };
        if (hub.TryReserve(conversation.Id, conversation.OwnerId, reply.Id) is { } busy)
        {
            return TurnResult.Refused(busy);
        }
        var holdsQuota = found.OwnerQuota is not null;
        if (holdsQuota && await ReserveQuotaAsync(conversation, reply.Id, prompt.EstimatedTokens, cancellationToken) is { } overQuota)
        {
            return TurnResult.Refused(overQuota) with { IsOverQuota = true };
        }

        // The model is asked first and the rows saved while it thinks: the reply's first token comes no later for
        // the save, and the finished reply waits for the rows (GenerationRequest.RowsSaved).
        var rowsSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var generation = hub.Start(new GenerationRequest(
            conversation.Id, reply.Id, conversation.OwnerId, client, prompt.Messages,
            new ChatOptions
            {
                Temperature = conversation.Temperature is { } t ? (float)t : null,
                MaxOutputTokens = maxTokens > 0 ? maxTokens : null,
            },
            prompt.Size,
            new ReplyModel(model.Id, model.DisplayName, model.InputPricePerMillion, model.OutputPricePerMillion),
            IsFirstReply: !tree.HasReplies)
        { RowsSaved = rowsSaved.Task, HoldsQuota = holdsQuota });
        try
        {
            // A form posted with the id of another chat's message gets a new one. Asked while the model thinks, not before
            // it is asked: the model is not told the question's id.
            if (idFromClient && await db.Messages.AnyAsync(m => m.Id == question.Id, cancellationToken))
            {
                question.Id = Guid.CreateVersion7();
                reply.ParentId = question.Id;
            }
            if (isNewUserMessage)
            {
                db.Messages.Add(question);
            }
            db.Messages.Add(reply);
            // Settings changed with this turn are saved with it when the caller loaded the conversation from this context.
            if (db.Entry(conversation).State == EntityState.Detached)
            {
                db.Conversations.Attach(conversation);
            }
            var isNewChat = db.Entry(conversation).State == EntityState.Added;
            var (leaf, updated) = (conversation.ActiveLeafId, conversation.UpdatedAt);
            conversation.ActiveLeafId = reply.Id;
            conversation.UpdatedAt = Now();
            // The question (and a new chat's title) can be searched for once saved; the reply when it is finished.
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // Another instance may have started a reply of this person's meanwhile: the limits again, in the database.
                if (await shared.RefusalAsync(db, conversation.Id, conversation.OwnerId, cancellationToken) is { } elsewhere)
                {
                    (conversation.ActiveLeafId, conversation.UpdatedAt) = (leaf, updated);
                    db.Entry(reply).State = EntityState.Detached;
                    if (isNewUserMessage)
                    {
                        db.Entry(question).State = EntityState.Detached;
                    }
                    await AbandonAsync(generation, rowsSaved, reply.Id, holdsQuota);
                    // Free at once: the person's next send must not wait for the stopped generation to wind down.
                    hub.Release(conversation.Id, conversation.OwnerId, reply.Id);
                    return TurnResult.Refused(elsewhere);
                }
                await db.SaveChangesAsync(cancellationToken);
                if (isNewUserMessage)
                {
                    await search.IndexMessageAsync(db, conversation.Id, question.Id, question.Content, cancellationToken);
                }
                if (isNewChat)
                {
                    await search.IndexTitleAsync(db, conversation.Id, conversation.Title, cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            rowsSaved.SetResult();
        }
        catch (Exception e)
        {
            await AbandonAsync(generation, rowsSaved, reply.Id, holdsQuota, e);
            throw;
        }

        return new TurnResult(question.Id, reply.Id, null)
        {
            FollowsId = question.ParentId,
            // Both new, each the newest child of its parent: their places among their versions follow from the tree as read.
            Saved = isNewUserMessage
                ? new SavedTurn(question, tree.NewChildVersions(question.ParentId), reply, tree.NewChildVersions(question.Id))
                : null,
        };
    }

    /// <summary>
    /// A reply whose rows will not be saved: its generation is stopped and drops it (<see cref="GenerationRequest.RowsSaved"/>
    /// fails), which frees the hub's claim, and its tokens go back to the quota.
    /// </summary>
    private async Task AbandonAsync(Generation generation, TaskCompletionSource rowsSaved, Guid replyId, bool holdsQuota, Exception? cause = null)
    {
        generation.RequestStop();
        rowsSaved.SetException(cause ?? new OperationCanceledException("The turn was refused."));
        if (holdsQuota)
        {
            await quota.ReleaseAsync(replyId);
        }
    }

    /// <summary>
    /// Holds the reply's tokens against the owner's monthly quota (<see cref="TokenQuota"/>); the refusal when they have
    /// reached it, after giving back the hub's claim on the chat.
    /// </summary>
    private async Task<string?> ReserveQuotaAsync(Conversation conversation, Guid replyId, int tokens, CancellationToken cancellationToken)
    {
        string? refusal;
        try
        {
            refusal = await quota.TryReserveAsync(conversation.OwnerId, replyId, tokens, cancellationToken);
        }
        catch
        {
            hub.Release(conversation.Id, conversation.OwnerId, replyId);
            throw;
        }
        if (refusal is not null)
        {
            hub.Release(conversation.Id, conversation.OwnerId, replyId);
        }
        return refusal;
    }

    /// <summary>The texts from the start of the chat down to the question, which may not be saved yet.</summary>
    private async Task<IReadOnlyList<(MessageRole, string)>> HistoryAsync(MessageTree tree, Message question, CancellationToken cancellationToken)
    {
        var ids = tree.PathTo(question.ParentId).Select(n => n.Id).ToList();
        if (ids.Count == 0)
        {
            return [(MessageRole.User, question.Content)];
        }
        var texts = await queries.TextsAsync(db, ids, cancellationToken);
        var history = ids.Select(id => (texts[id].Role, texts[id].Content)).ToList();
        history.Add((MessageRole.User, question.Content));
        return history;
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>What a turn did: the person's message and the reply being written, or why nothing was started.</summary>
public sealed record TurnResult(Guid? UserMessageId, Guid? ReplyId, string? Error)
{
    public static readonly TurnResult NotFound = new(null, null, null) { IsNotFound = true };

    public static TurnResult Refused(string error) => new(null, null, error);

    public bool IsNotFound { get; init; }

    /// <summary>The message the new one was added after: the branch's last message before this turn.</summary>
    public Guid? FollowsId { get; init; }

    /// <summary>Refused because the person has used their monthly token quota (<see cref="TokenQuota"/>).</summary>
    public bool IsOverQuota { get; init; }

    /// <summary>The same message was posted again: nothing new was started.</summary>
    public bool Repeated { get; init; }

    /// <summary>
    /// The new question and reply a turn saved (not a regeneration's, whose question is older): what its answer draws
    /// without reading them back.
    /// </summary>
    public SavedTurn? Saved { get; init; }
}

/// <summary>
/// A turn's question and reply as saved (the reply as it began, marked streaming), with their places among their
/// versions.
/// </summary>
public sealed record SavedTurn(Message Question, Versions QuestionVersions, Message Reply, Versions ReplyVersions);
