using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LeadDialer.Leads.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeadPhoneWarning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "phone_warning",
                table: "leads",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "phone_warning",
                table: "leads");
        }
    }
}
