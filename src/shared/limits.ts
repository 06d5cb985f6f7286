/** The most text one import (a CSV, a folder of articles) takes, in every host: the browser host's body limit follows from it. */
export const importTextLimit = 32 * 1_048_576
