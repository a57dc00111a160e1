// Style sheets imported for their side effect (Vite puts them in the page): antd's prebuilt CSS.
declare module '*.css';
