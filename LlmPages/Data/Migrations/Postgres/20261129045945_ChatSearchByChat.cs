using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Postgres
{
    /// <summary>
    /// The chat search finds chats without reading every matching message: <c>ChatSearchChats</c> holds, per chat, every
    /// word of its title and messages once (a stripped <c>tsvector</c>, no positions) under a GIN index. A search for one
    /// word reads it alone; a search for several words or a phrase takes the chats holding all the words and checks
    /// those against the entries. Filled here from the entries already indexed.
    /// </summary>
    public partial class ChatSearchByChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "ChatSearchChats" (
                    "ConversationId" uuid NOT NULL CONSTRAINT "PK_ChatSearchChats" PRIMARY KEY
                        CONSTRAINT "FK_ChatSearchChats_Conversations_ConversationId" REFERENCES "Conversations" ("Id") ON DELETE CASCADE,
                    "Words" tsvector NOT NULL
                );
                """);
            migrationBuilder.Sql("""
                INSERT INTO "ChatSearchChats" ("ConversationId", "Words")
                SELECT e."ConversationId", array_to_tsvector(array_agg(DISTINCT u.lexeme))
                FROM "ChatSearchEntries" AS e CROSS JOIN LATERAL unnest(e."Vector") AS u
                GROUP BY e."ConversationId";
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_ChatSearchChats_Words" ON "ChatSearchChats" USING GIN ("Words");""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "ChatSearchChats";""");
        }
    }
}
