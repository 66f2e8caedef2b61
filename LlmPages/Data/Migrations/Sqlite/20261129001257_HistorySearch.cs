using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Sqlite
{
    /// <summary>
    /// The history: a title key to sort chats by title (filled in at start-up by NameKeyFill), and the chat search: the
    /// entries table (out of the EF model: ChatSearchIndex writes it with raw SQL), a contentless FTS5 table keyed by the
    /// entry's id, and a trigger on the entries (not on Messages) that removes the FTS5 row when its entry goes, as it does
    /// with its conversation or message. Existing messages and titles are indexed at start-up by
    /// ChatSearchIndex.IndexMissingAsync, which folds words as the app does (SQL could not, on either engine).
    /// </summary>
    public partial class HistorySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TitleKey",
                table: "Conversations",
                type: "TEXT",
                maxLength: 400,
                nullable: true,
                collation: "BINARY");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_OwnerId_TitleKey",
                table: "Conversations",
                columns: new[] { "OwnerId", "TitleKey" });

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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "ChatSearchEntries_Deleted";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearch";""");
            migrationBuilder.Sql("""DROP TABLE "ChatSearchEntries";""");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_OwnerId_TitleKey",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "TitleKey",
                table: "Conversations");
        }
    }
}
