using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mmo.DatabaseService.Data.Configuration;

internal sealed class CharacterRowConfiguration : IEntityTypeConfiguration<CharacterRow>
{
    public void Configure(EntityTypeBuilder<CharacterRow> character)
    {
        character.ToTable("characters", t =>
        {
            t.HasCheckConstraint("ck_characters_name_not_empty", "char_length(name) >= 1");
            t.HasCheckConstraint("ck_characters_class_id_not_empty", "char_length(class_id) >= 1");
        });
        character.HasKey(c => c.Id).HasName("pk_characters");
        character.Property(c => c.Id).HasColumnName("id").UseIdentityByDefaultColumn();
        character.Property(c => c.AccountId).HasColumnName("account_id");
        character.Property(c => c.Name).HasColumnName("name").HasMaxLength(Limits.CharacterName).IsRequired();
        character.Property(c => c.NameKey).HasColumnName("name_key").HasMaxLength(Limits.CharacterName).IsRequired()
            .HasComputedColumnSql("lower((name)::text)", stored: true);
        character.Property(c => c.ClassId).HasColumnName("class_id").HasMaxLength(Limits.ClassId).IsRequired();
        character.Property(c => c.CreatedAt).HasColumnName("created_at");
        character.Property(c => c.DeletedAt).HasColumnName("deleted_at");
        character.HasOne<AccountRow>().WithMany().HasForeignKey(c => c.AccountId)
            .HasConstraintName("fk_characters_account_id").OnDelete(DeleteBehavior.Cascade);
        character.HasOne(c => c.State).WithOne().HasForeignKey<CharacterStateRow>(s => s.CharacterId)
            .HasConstraintName("fk_character_state_character_id").OnDelete(DeleteBehavior.Cascade);
        character.Navigation(c => c.State).IsRequired();
        character.HasIndex(c => c.NameKey).IsUnique().HasDatabaseName("ux_characters_name_key");
        character.HasIndex(c => c.AccountId).HasDatabaseName("ix_characters_account_id");
    }
}
