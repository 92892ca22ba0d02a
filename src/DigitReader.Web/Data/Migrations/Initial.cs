using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace DigitReader.Web.Data.Migrations;

/// <summary>
/// The first schema: Users, ApiKeys, Predictions. Written by hand (no dotnet-ef here) and shared by
/// SQLite and PostgreSQL: no column names a store type, so each provider maps the CLR type itself
/// (Guid → TEXT / uuid, DateTime → TEXT / timestamptz, byte[] → BLOB / bytea, …). Keys are
/// application-generated GUIDs, so no provider-specific identity annotation is needed.
/// A test compares the migrated schema with the model for both providers.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20251121150000_Initial")]
public sealed class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable(
            name: "Users",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Email = t.Column<string>(maxLength: 254, nullable: false),
                NormalizedEmail = t.Column<string>(maxLength: 254, nullable: false),
                PasswordHash = t.Column<string>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_Users", x => x.Id));

        m.CreateTable(
            name: "ApiKeys",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                Prefix = t.Column<string>(maxLength: 16, nullable: false),
                KeyHash = t.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                RevokedAt = t.Column<DateTime>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_ApiKeys", x => x.Id);
                t.ForeignKey("FK_ApiKeys_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        m.CreateTable(
            name: "Predictions",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                UserId = t.Column<Guid>(nullable: false),
                CreatedAt = t.Column<DateTime>(nullable: false),
                FileName = t.Column<string>(maxLength: 255, nullable: true),
                Format = t.Column<string>(maxLength: 16, nullable: false),
                Width = t.Column<int>(nullable: false),
                Height = t.Column<int>(nullable: false),
                SizeBytes = t.Column<long>(nullable: false),
                Sha256 = t.Column<string>(maxLength: 64, nullable: false),
                Digit = t.Column<int>(nullable: false),
                Confidence = t.Column<float>(nullable: false),
                Probabilities = t.Column<string>(maxLength: 400, nullable: false),
                DecodeMs = t.Column<double>(nullable: false),
                PreprocessMs = t.Column<double>(nullable: false),
                InferenceMs = t.Column<double>(nullable: false),
                ImageBytes = t.Column<byte[]>(nullable: false),
                ThumbnailPng = t.Column<byte[]>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Predictions", x => x.Id);
                t.ForeignKey("FK_Predictions_Users_UserId", x => x.UserId, "Users", "Id", onDelete: ReferentialAction.Cascade);
            });

        m.CreateIndex("IX_Users_NormalizedEmail", "Users", "NormalizedEmail", unique: true);
        m.CreateIndex("IX_ApiKeys_KeyHash", "ApiKeys", "KeyHash", unique: true);
        m.CreateIndex("IX_ApiKeys_UserId", "ApiKeys", "UserId");
        m.CreateIndex("IX_Predictions_UserId_CreatedAt", "Predictions", ["UserId", "CreatedAt"]);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("Predictions");
        m.DropTable("ApiKeys");
        m.DropTable("Users");
    }
}
