package dev.curio.loop;

/** An episode of env {@code envIndex} finished at {@code globalStep}, with its extrinsic return. */
public record EpisodeEnd(int envIndex, long globalStep, double episodeReturn, int length, boolean terminated) {}
