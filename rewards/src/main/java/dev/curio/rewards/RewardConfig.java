package dev.curio.rewards;

/**
 * Marker for a module's immutable, validated config record ({@code IcmConfig}, {@code RndConfig},
 * ...). Each record checks its fields in its compact constructor (a {@code ConfigException} names the
 * key, e.g. {@code rewards.icm.beta}) and offers {@code defaults()}.
 */
public interface RewardConfig {}
