using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Webhooks.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlacedCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "placed_calls",
                columns: table => new
                {
                    provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    provider_call_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    call_attempt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_placed_calls", x => new { x.provider, x.provider_call_id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_placed_calls_call_attempt_id",
                table: "placed_calls",
                column: "call_attempt_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "placed_calls");
        }
    }
}
