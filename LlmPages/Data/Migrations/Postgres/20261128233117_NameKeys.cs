using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LlmPages.Data.Migrations.Postgres
{
    /// <summary>
    /// Names unique ignoring case, and sorted alike on both engines: a key column beside each name (NameKeys), with the
    /// unique indexes moved from the names to the keys. The keys of existing rows are left null here and filled in at
    /// start-up by NameKeyFill, which folds names exactly as the app does (SQL's lower() would not, on either engine).
    /// </summary>
    public partial class NameKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SystemPrompts_Name",
                table: "SystemPrompts");

            migrationBuilder.DropIndex(
                name: "IX_Projects_OwnerId_Name",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_AiTypes_Name",
                table: "AiTypes");

            migrationBuilder.DropIndex(
                name: "IX_AiProviders_Name",
                table: "AiProviders");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "SystemPrompts",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "Projects",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "AiTypes",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "AiProviders",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.AddColumn<string>(
                name: "DisplayNameKey",
                table: "AiModels",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true,
                collation: "C");

            migrationBuilder.CreateIndex(
                name: "IX_SystemPrompts_NameKey",
                table: "SystemPrompts",
                column: "NameKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Projects_OwnerId_NameKey",
                table: "Projects",
                columns: new[] { "OwnerId", "NameKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AiTypes_NameKey",
                table: "AiTypes",
                column: "NameKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AiProviders_NameKey",
                table: "AiProviders",
                column: "NameKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SystemPrompts_NameKey",
                table: "SystemPrompts");

            migrationBuilder.DropIndex(
                name: "IX_Projects_OwnerId_NameKey",
                table: "Projects");

            migrationBuilder.DropIndex(
                name: "IX_AiTypes_NameKey",
                table: "AiTypes");

            migrationBuilder.DropIndex(
                name: "IX_AiProviders_NameKey",
                table: "AiProviders");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "SystemPrompts");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "AiTypes");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "AiProviders");

            migrationBuilder.DropColumn(
                name: "DisplayNameKey",
                table: "AiModels");

            migrationBuilder.CreateIndex(
                name: "IX_SystemPrompts_Name",
                table: "SystemPrompts",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Projects_OwnerId_Name",
                table: "Projects",
                columns: new[] { "OwnerId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AiTypes_Name",
                table: "AiTypes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AiProviders_Name",
                table: "AiProviders",
                column: "Name",
                unique: true);
        }
    }
}
