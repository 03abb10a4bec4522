/** wink-lemmatizer 3 (MIT): English lemmas from WordNet's exception lists and rules. */
declare module 'wink-lemmatizer' {
  const lemmatize: {
    noun(word: string): string;
    verb(word: string): string;
    adjective(word: string): string;
  };
  export default lemmatize;
}
