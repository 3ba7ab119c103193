"""What a message holds before its intent is known: cleaned tokens, pupils, programmes, quantities, dates, areas."""
