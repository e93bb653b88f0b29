using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Dialer.Data.Migrations
{
    /// <summary>
    /// <c>lead_sagas.time_zone</c> is resolved whenever a row is written, the bulk hand-over included:
    /// an IANA name, or NULL for the account's default. Before, NULL meant "not resolved yet" and ""
    /// the default. The backfill gives the rows still unresolved the lead's own timezone field where
    /// PostgreSQL knows the zone; a zone only the phone number implies (libphonenumber, not
    /// available in SQL) falls back to the account default for those few rows.
    /// </summary>
    public partial class LeadTimeZoneResolvedOnWrite : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                """
                UPDATE lead_sagas SET time_zone = CASE
                    WHEN btrim(lead->>'timezone') IN (SELECT name FROM pg_timezone_names) THEN btrim(lead->>'timezone')
                END
                WHERE time_zone IS NULL;
                UPDATE lead_sagas SET time_zone = NULL WHERE time_zone = '';
                """);

            migrationBuilder.DropIndex(
                name: "ix_lead_sagas_time_zone_unresolved",
                table: "lead_sagas");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("UPDATE lead_sagas SET time_zone = '' WHERE time_zone IS NULL;");

            migrationBuilder.CreateIndex(
                name: "ix_lead_sagas_time_zone_unresolved",
                table: "lead_sagas",
                column: "correlation_id",
                filter: "time_zone IS NULL");
        }
    }
}
