using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PromptDefaultsAndQuotaReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DefaultSystemPromptId",
                table: "UserSettings",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "QuotaReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Tokens = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuotaReservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_QuotaReservations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UserSettings_DefaultSystemPromptId",
                table: "UserSettings",
                column: "DefaultSystemPromptId");

            migrationBuilder.CreateIndex(
                name: "IX_QuotaReservations_UserId",
                table: "QuotaReservations",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_UserSettings_SystemPrompts_DefaultSystemPromptId",
                table: "UserSettings",
                column: "DefaultSystemPromptId",
                principalTable: "SystemPrompts",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_UserSettings_SystemPrompts_DefaultSystemPromptId",
                table: "UserSettings");

            migrationBuilder.DropTable(
                name: "QuotaReservations");

            migrationBuilder.DropIndex(
                name: "IX_UserSettings_DefaultSystemPromptId",
                table: "UserSettings");

            migrationBuilder.DropColumn(
                name: "DefaultSystemPromptId",
                table: "UserSettings");
        }
    }
}
