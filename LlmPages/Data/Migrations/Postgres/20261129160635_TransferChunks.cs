using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Postgres
{
    /// <summary>
    /// The files of exports and imports, in the database so that every instance reaches them: a row per megabyte of a
    /// file (out of the EF model: PostgresTransferStore writes and reads it with raw SQL), going with its ChatTransfers
    /// row (ON DELETE CASCADE). PostgreSQL only: SQLite keeps these files in the data folder. Files an earlier version
    /// left in an instance's data folder are not moved; they expire with their rows within a day.
    /// </summary>
    public partial class TransferChunks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE "TransferChunks" (
                    "TransferId" uuid NOT NULL CONSTRAINT "FK_TransferChunks_ChatTransfers_TransferId" REFERENCES "ChatTransfers" ("Id") ON DELETE CASCADE,
                    "Seq" integer NOT NULL,
                    "Data" bytea NOT NULL,
                    CONSTRAINT "PK_TransferChunks" PRIMARY KEY ("TransferId", "Seq")
                );
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "TransferChunks";""");
        }
    }
}
