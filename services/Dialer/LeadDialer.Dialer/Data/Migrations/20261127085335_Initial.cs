using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadDialer.Dialer.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "calling_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    auto_calling_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    max_concurrent_calls = table.Column<int>(type: "integer", nullable: false),
                    retry_delay_hours = table.Column<int>(type: "integer", nullable: false),
                    max_attempts = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calling_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lead_sagas",
                columns: table => new
                {
                    correlation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    current_state = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    lead = table.Column<string>(type: "jsonb", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    max_attempts = table.Column<int>(type: "integer", nullable: false),
                    retry_delay = table.Column<TimeSpan>(type: "interval", nullable: false),
                    ready_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    dial_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    call_attempt_id = table.Column<Guid>(type: "uuid", nullable: true),
                    provider_call_id = table.Column<string>(type: "text", nullable: true),
                    in_progress_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    retry_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    temporary_failures = table.Column<int>(type: "integer", nullable: false),
                    last_outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    last_error = table.Column<string>(type: "jsonb", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lead_sagas", x => x.correlation_id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_type = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "jsonb", nullable: false),
                    trace_parent = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "calling_settings",
                columns: new[] { "id", "auto_calling_enabled", "max_attempts", "max_concurrent_calls", "retry_delay_hours", "updated_at" },
                values: new object[] { 1, true, 3, 5, 2, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });

            migrationBuilder.CreateIndex(
                name: "ix_lead_sagas_in_flight",
                table: "lead_sagas",
                column: "in_progress_since",
                filter: "current_state = 'InProgress' OR dial_requested_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lead_sagas_pending_ready_at",
                table: "lead_sagas",
                column: "ready_at",
                filter: "current_state = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_lead_sagas_retry_at",
                table: "lead_sagas",
                column: "retry_at",
                filter: "current_state = 'Retry'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "calling_settings");

            migrationBuilder.DropTable(
                name: "lead_sagas");

            migrationBuilder.DropTable(
                name: "outbox_messages");
        }
    }
}
