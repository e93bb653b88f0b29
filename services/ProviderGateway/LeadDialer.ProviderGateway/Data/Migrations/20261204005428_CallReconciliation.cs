using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.ProviderGateway.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallReconciliation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "checks",
                table: "provider_calls",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "last_check",
                table: "provider_calls",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_check_at",
                table: "provider_calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "outcome_known_at",
                table: "provider_calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_provider_calls_outcome_pending",
                table: "provider_calls",
                column: "completed_at",
                filter: "status = 'Started' AND outcome_known_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_provider_calls_outcome_pending",
                table: "provider_calls");

            migrationBuilder.DropColumn(
                name: "checks",
                table: "provider_calls");

            migrationBuilder.DropColumn(
                name: "last_check",
                table: "provider_calls");

            migrationBuilder.DropColumn(
                name: "next_check_at",
                table: "provider_calls");

            migrationBuilder.DropColumn(
                name: "outcome_known_at",
                table: "provider_calls");
        }
    }
}
