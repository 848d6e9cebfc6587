package io.containermonitor.agent.collect.plugin;

import java.io.IOException;

/** A plugin's output or run was unusable; the whole output of that run is dropped. */
public class PluginOutputException extends IOException {

	public PluginOutputException(String plugin, String problem) {
		super("plugin " + plugin + ": " + problem);
	}

}
