using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Dialer.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeadTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "lead_sagas",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "lead_sagas");
        }
    }
}
