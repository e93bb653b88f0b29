using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Gateway.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyScopes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "scopes",
                table: "api_keys",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{read,write,compliance}'::text[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "scopes",
                table: "api_keys");
        }
    }
}
