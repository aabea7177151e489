using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Mmo.DatabaseService.Data.Configuration;

internal sealed class CharacterStateRowConfiguration : IEntityTypeConfiguration<CharacterStateRow>
{
    public void Configure(EntityTypeBuilder<CharacterStateRow> state)
    {
        state.ToTable("character_state", t =>
        {
            t.HasCheckConstraint("ck_character_state_map_id_not_empty", "char_length(map_id) >= 1");
            t.HasCheckConstraint("ck_character_state_instance_id", "instance_id >= 0");
            // abs(NaN) and abs(±Infinity) are not below Infinity: positions must be finite numbers.
            t.HasCheckConstraint("ck_character_state_position_finite",
                "abs(position_x) < 'Infinity'::real AND abs(position_y) < 'Infinity'::real AND abs(position_z) < 'Infinity'::real");
            t.HasCheckConstraint("ck_character_state_heading", "heading >= 0 AND heading < 360");
            t.HasCheckConstraint("ck_character_state_hp", "hp >= 0");
            t.HasCheckConstraint("ck_character_state_mp", "mp >= 0");
            t.HasCheckConstraint("ck_character_state_level", "level >= 1");
            t.HasCheckConstraint("ck_character_state_experience", "experience >= 0");
            t.HasCheckConstraint("ck_character_state_version", "version >= 1");
        });
        state.HasKey(s => s.CharacterId).HasName("pk_character_state");
        state.Property(s => s.CharacterId).HasColumnName("character_id").ValueGeneratedNever();
        state.Property(s => s.MapId).HasColumnName("map_id").HasMaxLength(Limits.MapId).IsRequired();
        state.Property(s => s.InstanceId).HasColumnName("instance_id");
        state.Property(s => s.PositionX).HasColumnName("position_x");
        state.Property(s => s.PositionY).HasColumnName("position_y");
        state.Property(s => s.PositionZ).HasColumnName("position_z");
        state.Property(s => s.Heading).HasColumnName("heading");
        state.Property(s => s.Hp).HasColumnName("hp");
        state.Property(s => s.Mp).HasColumnName("mp");
        state.Property(s => s.Level).HasColumnName("level");
        state.Property(s => s.Experience).HasColumnName("experience");
        // Saves go through SQL that checks and bumps the version itself; EF knows it as the concurrency token.
        state.Property(s => s.Version).HasColumnName("version").IsConcurrencyToken();
        state.Property(s => s.SavedAt).HasColumnName("saved_at");
    }
}
