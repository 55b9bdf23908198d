"""The plans' pure core: plan documents (strategies, objectives, actions), reading the files they come in, checking
them, the progress roll-up and the harmonisation matrix. No Django here."""
