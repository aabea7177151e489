using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mmo.DatabaseService.Data.Configuration;

internal sealed class AccountRowConfiguration : IEntityTypeConfiguration<AccountRow>
{
    public void Configure(EntityTypeBuilder<AccountRow> account)
    {
        account.ToTable("accounts", t =>
        {
            t.HasCheckConstraint("ck_accounts_name_not_empty", "char_length(name) >= 1");
            t.HasCheckConstraint("ck_accounts_ban_until_needs_ban", "banned_until IS NULL OR banned_at IS NOT NULL");
        });
        account.HasKey(a => a.Id).HasName("pk_accounts");
        account.Property(a => a.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        account.Property(a => a.Name).HasColumnName("name").HasMaxLength(Limits.AccountName).IsRequired();
        account.Property(a => a.NameKey).HasColumnName("name_key").HasMaxLength(Limits.AccountName).IsRequired()
            .HasComputedColumnSql("lower((name)::text)", stored: true);
        account.Property(a => a.Email).HasColumnName("email").HasMaxLength(Limits.Email);
        account.Property(a => a.PasswordHash).HasColumnName("password_hash").HasMaxLength(Limits.PasswordHash);
        account.Property(a => a.IsGuest).HasColumnName("is_guest");
        account.Property(a => a.ExternalUserId).HasColumnName("external_user_id").HasMaxLength(Limits.ExternalUserId);
        account.Property(a => a.CreatedAt).HasColumnName("created_at");
        account.Property(a => a.LastLoginAt).HasColumnName("last_login_at");
        account.Property(a => a.BannedAt).HasColumnName("banned_at");
        account.Property(a => a.BannedUntil).HasColumnName("banned_until");
        account.Property(a => a.BanReason).HasColumnName("ban_reason").HasMaxLength(Limits.BanReason);
        account.HasIndex(a => a.NameKey).IsUnique().HasDatabaseName("ux_accounts_name_key");
        account.HasIndex(a => a.ExternalUserId).IsUnique().HasDatabaseName("ux_accounts_external_user_id");
    }
}
