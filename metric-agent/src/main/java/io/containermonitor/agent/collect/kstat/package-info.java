/**
 * The SmartOS/illumos backend of the metric agent: each zone's (VM's) metrics from kstat
 * and a few system commands, under cmon-agent's names, types, labels and HELP texts
 * (spec reference cmon-agent.md sections 2 and 3).
 * <p>
 * <b>Native access.</b> {@link io.containermonitor.agent.collect.kstat.KstatLibraryLoader}
 * loads libkstat through JNA as {@link io.containermonitor.agent.collect.kstat.KstatLibrary}
 * (the shape of jna-platform's {@code LibKstat}; see there why not {@code LibKstat} itself).
 * One {@link io.containermonitor.agent.collect.kstat.KstatHandle} owns the only
 * {@code kstat_open}; every read happens inside a
 * {@link io.containermonitor.agent.collect.kstat.KstatChain}, which holds the handle's lock
 * and brings the chain up to date first. Structures are decoded at the offsets of
 * {@link io.containermonitor.agent.collect.kstat.KstatAbi}; nothing is written to kstat memory.
 * <p>
 * <b>Zones.</b> {@link io.containermonitor.agent.collect.kstat.ZoneKstats} maps a zone
 * name (VM uuid) to its zone id through the {@code zones} kstats;
 * {@link io.containermonitor.agent.collect.kstat.ZoneInventory} is the backend's
 * {@link io.containermonitor.agent.container.ContainerDirectory}.
 * <p>
 * <b>Collectors</b> (one per source, named as cmon-agent's files): VM {@code zone_misc},
 * {@code memcap}, {@code cpucap}, {@code link}, {@code tcp}, {@code zone_vfs}, {@code zfs};
 * node {@code cpu_util}, {@code cpu_info}, {@code arcstats}, {@code zpool}, {@code ntp};
 * plus {@code kstat_backend} (the backend's own counters). Commands run through
 * {@link io.containermonitor.agent.collect.kstat.CommandRunner} (no shell, timeout,
 * output cap); their output parsers are pure and strict, and rejected lines are logged
 * and counted ({@code cmon_agent_command_output_rejected_total{command}}).
 * <p>
 * <b>Switching it on.</b> {@link io.containermonitor.agent.collect.kstat.KstatBackendConfiguration}
 * is active when {@code cmon.agent.backend=kstat}, or when it is unset/{@code auto} and
 * the JVM runs on SunOS; settings are under {@code cmon.agent.kstat}
 * ({@link io.containermonitor.agent.collect.kstat.KstatProperties}).
 * {@link io.containermonitor.agent.collect.kstat.LinuxBackendCondition} is its negation,
 * for the Linux-only beans.
 */
package io.containermonitor.agent.collect.kstat;
