using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Dialer.Data.Migrations
{
    /// <inheritdoc />
    public partial class CallingScheduleAndAgents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "completed_reason",
                table: "lead_sagas",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "time_zone",
                table: "lead_sagas",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "agent_id",
                table: "calling_settings",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int[]>(
                name: "calling_days",
                table: "calling_settings",
                type: "integer[]",
                nullable: false,
                defaultValueSql: "'{1,2,3,4,5,6,7}'::integer[]");

            migrationBuilder.AddColumn<int>(
                name: "calling_hours_end",
                table: "calling_settings",
                type: "integer",
                nullable: false,
                defaultValue: 1200);

            migrationBuilder.AddColumn<int>(
                name: "calling_hours_start",
                table: "calling_settings",
                type: "integer",
                nullable: false,
                defaultValue: 540);

            migrationBuilder.AddColumn<string>(
                name: "default_time_zone",
                table: "calling_settings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    paused_reason = table.Column<string>(type: "text", nullable: true),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.agent_id);
                });

            migrationBuilder.UpdateData(
                table: "calling_settings",
                keyColumn: "id",
                keyValue: 1,
                columns: new[] { "agent_id", "calling_days", "calling_hours_end", "calling_hours_start", "default_time_zone" },
                values: new object[] { null, new[] { 1, 2, 3, 4, 5, 6, 7 }, 1200, 540, "UTC" });

            migrationBuilder.CreateIndex(
                name: "ix_lead_sagas_time_zone_unresolved",
                table: "lead_sagas",
                column: "correlation_id",
                filter: "time_zone IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropIndex(
                name: "ix_lead_sagas_time_zone_unresolved",
                table: "lead_sagas");

            migrationBuilder.DropColumn(
                name: "completed_reason",
                table: "lead_sagas");

            migrationBuilder.DropColumn(
                name: "time_zone",
                table: "lead_sagas");

            migrationBuilder.DropColumn(
                name: "agent_id",
                table: "calling_settings");

            migrationBuilder.DropColumn(
                name: "calling_days",
                table: "calling_settings");

            migrationBuilder.DropColumn(
                name: "calling_hours_end",
                table: "calling_settings");

            migrationBuilder.DropColumn(
                name: "calling_hours_start",
                table: "calling_settings");

            migrationBuilder.DropColumn(
                name: "default_time_zone",
                table: "calling_settings");
        }
    }
}
