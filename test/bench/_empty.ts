// Deliberately empty: the benchmark times and measures Node plus tsx doing nothing, the baseline a snippet starts from.
export {};
