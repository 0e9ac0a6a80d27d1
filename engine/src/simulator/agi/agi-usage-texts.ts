/**
 * 520 usage texts of Asterisk 20.20.1 (generated from the XML docs in res_agi.c, markup included),
 * copied byte for byte from captures/agi-13a-cmds.agi.txt. Commands whose text was not captured
 * answer with the short form `520 Invalid command syntax.  Proper usage not available.` in the
 * simulator; real Asterisk would print their own usage there (PROTOCOLS.md §7: compare only the
 * first and last line of a 520 block).
 */
export const AGI_USAGE_TEXTS: Readonly<Record<string, string>> = {
  'stream file':
    'Send the given file, allowing playback to be interrupted by the given digits, if any. Returns <literal>0</literal> if playback completes without a digit being pressed, or the ASCII numerical value of the digit if one was pressed, or <literal>-1</literal> on error or if the channel was disconnected. If musiconhold is playing before calling stream file it will be automatically stopped and will not be restarted after completion.\nIt sets the following channel variables upon completion:\n<variable>PLAYBACKSTATUS</variable>: The status of the playback attempt as a text string.\n    <value>SUCCESS</value>\n    <value>FAILED</value>',
  'get data':
    'Stream the given <replaceable>file</replaceable>, and receive DTMF data.\nReturns the digits received from the channel at the other end.',
  'record file':
    'Record to a file until a given dtmf digit in the sequence is received. Returns <literal>-1</literal> on hangup or error.  The format will specify what kind of file will be recorded. The <replaceable>timeout</replaceable> is the maximum record time in milliseconds, or <literal>-1</literal> for no <replaceable>timeout</replaceable>. <replaceable>offset samples</replaceable> is optional, and, if provided, will seek to the offset without exceeding the end of the file. <replaceable>beep</replaceable> can take any value, and causes Asterisk to play a beep to the channel that is about to be recorded. <replaceable>silence</replaceable> is the number of seconds of silence allowed before the function returns despite the lack of dtmf digits or reaching <replaceable>timeout</replaceable>. <replaceable>silence</replaceable> value must be preceded by <literal>s=</literal> and is also optional.',
  'set variable':
    'Sets a variable to the current channel.',
};

export const USAGE_HEAD = '520-Invalid command syntax.  Proper usage follows:';
export const USAGE_TAIL = '520 End of proper usage.';
export const USAGE_UNAVAILABLE = '520 Invalid command syntax.  Proper usage not available.';
