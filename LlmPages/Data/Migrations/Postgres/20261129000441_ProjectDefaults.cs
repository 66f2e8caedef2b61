using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Postgres
{
    /// <summary>
    /// Projects carry the defaults new chats in them start with (model, system prompt, temperature, max tokens), and a
    /// project's chats are read newest first from one index, which also serves as the project foreign key's index.
    /// </summary>
    public partial class ProjectDefaults : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conversations_ProjectId",
                table: "Conversations");

            migrationBuilder.AddColumn<int>(
                name: "DefaultMaxTokens",
                table: "Projects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefaultModelId",
                table: "Projects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DefaultSystemPrompt",
                table: "Projects",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DefaultSystemPromptId",
                table: "Projects",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "DefaultTemperature",
                table: "Projects",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Projects_DefaultModelId",
                table: "Projects",
                column: "DefaultModelId");

            migrationBuilder.CreateIndex(
                name: "IX_Projects_DefaultSystemPromptId",
                table: "Projects",
                column: "DefaultSystemPromptId");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_ProjectId_OwnerId_UpdatedAt",
                table: "Conversations",
                columns: new[] { "ProjectId", "OwnerId", "UpdatedAt" },
                descending: new[] { false, false, true });

            migrationBuilder.AddForeignKey(
                name: "FK_Projects_AiModels_DefaultModelId",
                table: "Projects",
                column: "DefaultModelId",
                principalTable: "AiModels",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_Projects_SystemPrompts_DefaultSystemPromptId",
                table: "Projects",
                column: "DefaultSystemPromptId",
                principalTable: "SystemPrompts",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Projects_AiModels_DefaultModelId",
                table: "Projects");

            migrationBuilder.DropForeignKey(
                name: "FK_Projects_SystemPrompts_DefaultSystemPromptId",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Projects_DefaultModelId",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Projects_DefaultSystemPromptId",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_ProjectId_OwnerId_UpdatedAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "DefaultMaxTokens",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DefaultModelId",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DefaultSystemPrompt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DefaultSystemPromptId",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "DefaultTemperature",
                table: "Projects");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_ProjectId",
                table: "Conversations",
                column: "ProjectId");
        }
    }
}
