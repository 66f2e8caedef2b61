using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Sqlite
{
    /// <summary>
    /// The chat search finds chats without a lookup per matching message: each chat gets a number of its own
    /// (<c>ChatSearchChats</c>), and an entry's id, which is its FTS5 rowid, is that number times 2^24 plus the entry's
    /// place in the chat (0 for the title). A search reads the chat straight from the rowids FTS5 returns. The FTS5 table
    /// holds no text it could be rebuilt from (it is contentless), so the index is emptied here and written again at
    /// start-up by ChatSearchIndex.IndexMissingAsync (about a minute for 200,000 messages).
    /// </summary>
    public partial class ChatSearchByChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "ChatSearchEntries_Deleted";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearch";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearchEntries";""");
            migrationBuilder.Sql("""
                CREATE TABLE "ChatSearchChats" (
                    "Key" INTEGER NOT NULL CONSTRAINT "PK_ChatSearchChats" PRIMARY KEY AUTOINCREMENT,
                    "ConversationId" TEXT NOT NULL CONSTRAINT "FK_ChatSearchChats_Conversations_ConversationId" REFERENCES "Conversations" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_ChatSearchChats_ConversationId" ON "ChatSearchChats" ("ConversationId");""");
            migrationBuilder.Sql("""
                CREATE TABLE "ChatSearchEntries" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_ChatSearchEntries" PRIMARY KEY,
                    "ConversationId" TEXT NOT NULL CONSTRAINT "FK_ChatSearchEntries_Conversations_ConversationId" REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
                    "MessageId" TEXT NULL CONSTRAINT "FK_ChatSearchEntries_Messages_MessageId" REFERENCES "Messages" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_ChatSearchEntries_ConversationId" ON "ChatSearchEntries" ("ConversationId");""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_ChatSearchEntries_MessageId" ON "ChatSearchEntries" ("MessageId");""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_ChatSearchEntries_Title" ON "ChatSearchEntries" ("ConversationId") WHERE "MessageId" IS NULL;""");
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "ChatSearch" USING fts5 ("Text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "ChatSearchEntries_Deleted" AFTER DELETE ON "ChatSearchEntries"
                BEGIN
                    DELETE FROM "ChatSearch" WHERE rowid = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to entries numbered one after another; the index is written again at start-up.
            migrationBuilder.Sql("""DROP TRIGGER "ChatSearchEntries_Deleted";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearch";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearchEntries";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearchChats";""");
            migrationBuilder.Sql("""
                CREATE TABLE "ChatSearchEntries" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_ChatSearchEntries" PRIMARY KEY AUTOINCREMENT,
                    "ConversationId" TEXT NOT NULL CONSTRAINT "FK_ChatSearchEntries_Conversations_ConversationId" REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
                    "MessageId" TEXT NULL CONSTRAINT "FK_ChatSearchEntries_Messages_MessageId" REFERENCES "Messages" ("Id") ON DELETE CASCADE
                );
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_ChatSearchEntries_ConversationId" ON "ChatSearchEntries" ("ConversationId");""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_ChatSearchEntries_MessageId" ON "ChatSearchEntries" ("MessageId");""");
            migrationBuilder.Sql("""CREATE UNIQUE INDEX "IX_ChatSearchEntries_Title" ON "ChatSearchEntries" ("ConversationId") WHERE "MessageId" IS NULL;""");
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "ChatSearch" USING fts5 ("Text", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "ChatSearchEntries_Deleted" AFTER DELETE ON "ChatSearchEntries"
                BEGIN
                    DELETE FROM "ChatSearch" WHERE rowid = old."Id";
                END;
                """);
        }
    }
}
