using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.ProviderGateway.Data.Migrations
{
    /// <inheritdoc />
    public partial class Agents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "agent_id",
                table: "provider_calls",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resolution",
                table: "provider_calls",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    provider = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    external_agent_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    from_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    assistant_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    first_message = table.Column<string>(type: "text", nullable: true),
                    system_prompt = table.Column<string>(type: "text", nullable: true),
                    voicemail_message = table.Column<string>(type: "text", nullable: true),
                    phone_number_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    paused_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_provider_calls_status",
                table: "provider_calls",
                column: "status",
                filter: "status in ('Requested', 'Unresolved')");

            migrationBuilder.CreateIndex(
                name: "ix_agents_created_at",
                table: "agents",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropIndex(
                name: "ix_provider_calls_status",
                table: "provider_calls");

            migrationBuilder.DropColumn(
                name: "agent_id",
                table: "provider_calls");

            migrationBuilder.DropColumn(
                name: "resolution",
                table: "provider_calls");
        }
    }
}
