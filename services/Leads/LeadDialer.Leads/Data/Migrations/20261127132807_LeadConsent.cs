using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Leads.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeadConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "consent_captured_at",
                table: "leads",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "consent_source",
                table: "leads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "consent_captured_at",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "consent_source",
                table: "leads");
        }
    }
}
