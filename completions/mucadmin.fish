# SPDX-License-Identifier: MIT
# fish completion for mucadmin: a thin adapter over "mucadmin __complete",
# which answers from the command table (and from the server, for rooms and
# members, when an account can connect without asking for a password).
# Its "WORD<TAB>DESCRIPTION" lines are what fish expects.

function __mucadmin_complete
    set -l words (commandline -opc) (commandline -ct)
    command $words[1] __complete -- $words[2..-1] 2>/dev/null
end

complete -c mucadmin -f -a '(__mucadmin_complete)'
