using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LeadDialer.Dialer.Data.Migrations
{
    /// <inheritdoc />
    public partial class ComplianceDoNotCallCapsAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "last_decision",
                table: "lead_sagas",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone",
                table: "lead_sagas",
                type: "text",
                nullable: true,
                computedColumnSql: "lead->>'phone'",
                stored: true);

            migrationBuilder.CreateTable(
                name: "compliance_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    hard_hours_override = table.Column<bool>(type: "boolean", nullable: false),
                    hard_hours_override_changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    holidays = table.Column<DateOnly[]>(type: "date[]", nullable: false),
                    max_calls_per24hours = table.Column<int>(type: "integer", nullable: true),
                    max_calls_per_local_day = table.Column<int>(type: "integer", nullable: true),
                    require_consent = table.Column<bool>(type: "boolean", nullable: false),
                    opt_out_analysis_field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    opt_out_phrases = table.Column<string[]>(type: "text[]", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_compliance_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dispatch_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decision = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    lead_local_time = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dispatch_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "dnc_numbers",
                columns: table => new
                {
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_dnc_numbers", x => x.phone);
                });

            migrationBuilder.CreateTable(
                name: "number_calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    phone = table.Column<string>(type: "text", nullable: false),
                    lead_id = table.Column<Guid>(type: "uuid", nullable: false),
                    called_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_number_calls", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "compliance_settings",
                columns: new[] { "id", "hard_hours_override", "hard_hours_override_changed_at", "holidays", "max_calls_per24hours", "max_calls_per_local_day", "opt_out_analysis_field", "opt_out_phrases", "require_consent", "updated_at" },
                values: new object[] { 1, false, null, new DateOnly[0], null, null, null, new string[0], false, new DateTimeOffset(new DateTime(1970, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) });

            migrationBuilder.CreateIndex(
                name: "ix_lead_sagas_phone",
                table: "lead_sagas",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_audit_at",
                table: "dispatch_audit",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_dispatch_audit_lead",
                table: "dispatch_audit",
                columns: new[] { "lead_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_number_calls_phone_called_at",
                table: "number_calls",
                columns: new[] { "phone", "called_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "compliance_settings");

            migrationBuilder.DropTable(
                name: "dispatch_audit");

            migrationBuilder.DropTable(
                name: "dnc_numbers");

            migrationBuilder.DropTable(
                name: "number_calls");

            migrationBuilder.DropIndex(
                name: "ix_lead_sagas_phone",
                table: "lead_sagas");

            migrationBuilder.DropColumn(
                name: "phone",
                table: "lead_sagas");

            migrationBuilder.DropColumn(
                name: "last_decision",
                table: "lead_sagas");
        }
    }
}
