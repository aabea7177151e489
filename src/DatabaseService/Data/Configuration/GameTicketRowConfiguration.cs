using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mmo.DatabaseService.Data.Configuration;

internal sealed class GameTicketRowConfiguration : IEntityTypeConfiguration<GameTicketRow>
{
    public void Configure(EntityTypeBuilder<GameTicketRow> ticket)
    {
        ticket.ToTable("game_tickets", t =>
        {
            t.HasCheckConstraint("ck_game_tickets_ticket_hash_length", $"octet_length(ticket_hash) = {Limits.HashBytes}");
            t.HasCheckConstraint("ck_game_tickets_expiry_after_creation", "expires_at > created_at");
        });
        ticket.HasKey(t => t.Id).HasName("pk_game_tickets");
        ticket.Property(t => t.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        ticket.Property(t => t.AccountId).HasColumnName("account_id");
        ticket.Property(t => t.TicketHash).HasColumnName("ticket_hash").IsRequired();
        ticket.Property(t => t.CreatedAt).HasColumnName("created_at");
        ticket.Property(t => t.ExpiresAt).HasColumnName("expires_at");
        ticket.Property(t => t.RedeemedAt).HasColumnName("redeemed_at");
        ticket.HasOne<AccountRow>().WithMany().HasForeignKey(t => t.AccountId)
            .HasConstraintName("fk_game_tickets_account_id").OnDelete(DeleteBehavior.Cascade);
        ticket.HasIndex(t => t.TicketHash).IsUnique().HasDatabaseName("ux_game_tickets_ticket_hash");
        ticket.HasIndex(t => t.AccountId).HasDatabaseName("ix_game_tickets_account_id");
    }
}
