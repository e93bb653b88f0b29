using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Dialer.Data.Migrations
{
    /// <inheritdoc />
    public partial class ThroughputCallFigures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_figures",
                columns: table => new
                {
                    call_attempt_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    duration_ms = table.Column<long>(type: "bigint", nullable: true),
                    answered = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_figures", x => x.call_attempt_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_call_figures_ended_at",
                table: "call_figures",
                column: "ended_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_figures");
        }
    }
}
