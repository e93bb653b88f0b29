using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.ProviderGateway.Data.Migrations
{
    /// <inheritdoc />
    public partial class InlineAgentsAndExternalAssistants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "assistant_placeholders",
                table: "agents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "inline_agent_id",
                table: "agents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "inline_llm_id",
                table: "agents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "provider_error",
                table: "agents",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "provider_synced_at",
                table: "agents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "voice_id",
                table: "agents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "assistant_placeholders",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "inline_agent_id",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "inline_llm_id",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "provider_error",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "provider_synced_at",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "voice_id",
                table: "agents");
        }
    }
}
