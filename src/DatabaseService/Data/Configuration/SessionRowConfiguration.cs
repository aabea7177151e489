using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mmo.DatabaseService.Data.Configuration;

internal sealed class SessionRowConfiguration : IEntityTypeConfiguration<SessionRow>
{
    public void Configure(EntityTypeBuilder<SessionRow> session)
    {
        session.ToTable("sessions", t =>
        {
            t.HasCheckConstraint("ck_sessions_token_hash_length", $"octet_length(token_hash) = {Limits.HashBytes}");
            t.HasCheckConstraint("ck_sessions_expiry_after_creation", "expires_at > created_at");
        });
        session.HasKey(s => s.Id).HasName("pk_sessions");
        session.Property(s => s.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        session.Property(s => s.AccountId).HasColumnName("account_id");
        session.Property(s => s.TokenHash).HasColumnName("token_hash").IsRequired();
        session.Property(s => s.CreatedAt).HasColumnName("created_at");
        session.Property(s => s.ExpiresAt).HasColumnName("expires_at");
        session.Property(s => s.LastSeenAt).HasColumnName("last_seen_at");
        session.Property(s => s.RevokedAt).HasColumnName("revoked_at");
        session.HasOne(s => s.Account).WithMany().HasForeignKey(s => s.AccountId)
            .HasConstraintName("fk_sessions_account_id").OnDelete(DeleteBehavior.Cascade);
        session.HasIndex(s => s.TokenHash).IsUnique().HasDatabaseName("ux_sessions_token_hash");
        session.HasIndex(s => s.AccountId).HasDatabaseName("ix_sessions_account_id");
    }
}
